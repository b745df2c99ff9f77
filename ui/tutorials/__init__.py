"""The digital-skills tutorial player and its practice widgets (hosted by the shell).

Import from ``ui.tutorials.player`` and the other modules here.
"""
