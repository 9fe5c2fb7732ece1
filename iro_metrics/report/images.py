"""The report's charts as PNG images, drawn without a browser by ``vl-convert`` (the Vega
renderer compiled into its wheel: nothing is downloaded at install or run time). Its first call in
a process takes a second or more, later ones a fraction of that (``notes/stack.md``), so every
chart of a report is rendered once and shared by the Word and PDF documents."""

import struct

import vl_convert

from iro_metrics.report.content import Chart, Report

SCALE = 2
"""Pixels per chart pixel: a 640-pixel-wide chart becomes 1,280 pixels, sharp in print at the
width of an A4 page's text."""
FULL_WIDTH = 760
"""A chart this many chart pixels wide (the 640-pixel plot with its axis and labels) fills the
text width; narrower ones are printed narrower, so that text is one size in every chart."""


def render(chart: Chart) -> bytes:
    """One chart as a PNG image."""
    return bytes(vl_convert.vegalite_to_png(chart.chart, scale=SCALE))


def render_charts(report: Report) -> dict[Chart, bytes]:
    """Every chart of ``report`` as a PNG image."""
    return {chart: render(chart) for chart in report.charts()}


def width_share(image: bytes) -> float:
    """The share of the text width a chart's PNG takes (at most all of it): its width in chart
    pixels, read from the PNG header, over ``FULL_WIDTH``."""
    (pixels,) = struct.unpack(">I", image[16:20])
    return min(1.0, pixels / SCALE / FULL_WIDTH)
