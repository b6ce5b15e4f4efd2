"""The planners' browser UI (Solara): Explore, Compare, Citizens, Network and Evidence.

Imports the core and the experiments layer, never the command line or the calibration code
(the Evidence page reads the calibration report's files). `fremdrift ui` starts it.
"""
