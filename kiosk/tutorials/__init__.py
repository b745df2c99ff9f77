"""Digital-skills tutorials: lessons as data, practice checks and learner progress (pure Python).

Import each name from its module: ``checks``, ``loader``, ``model``, ``progress``.
"""
