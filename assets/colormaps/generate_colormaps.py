#!/usr/bin/env python3
"""Regenerates the colormap CSVs in this folder from Debian's python3-matplotlib.

Development-time only: the build never runs this; it embeds the committed CSVs.
Usage: /usr/bin/python3 assets/colormaps/generate_colormaps.py   (needs python3-matplotlib)
"""
import pathlib

import matplotlib
import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
# PhaseLens name -> matplotlib colormap name.
MAPS = {"viridis": "viridis", "magma": "magma", "cividis": "cividis", "diverging": "RdBu_r"}

for name, mpl_name in MAPS.items():
    cmap = matplotlib.colormaps[mpl_name].resampled(256)
    rgb = np.round(cmap(np.arange(256))[:, :3] * 255.0).astype(int)
    lines = ["r,g,b"] + [f"{r},{g},{b}" for r, g, b in rgb]
    (HERE / f"{name}.csv").write_text("\n".join(lines) + "\n")
    print(f"{name}.csv <- matplotlib {matplotlib.__version__} '{mpl_name}'")
