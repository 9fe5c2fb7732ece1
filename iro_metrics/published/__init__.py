"""Published statistics: building the tidy comparators and reference data from the DfE, LAIT and
ONS files, statistical neighbours, and how a local figure compares."""
