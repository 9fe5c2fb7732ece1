"""The hosted deployment (``docs/deploy.md``): templates for nginx, systemd and the replicas'
settings, the script that renders them, a supervisor standing in for systemd, and the whole
deployment on loopback for the deployment test and the load test."""
