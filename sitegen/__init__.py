"""sitegen: the static site generator behind the DRIADE/DAFNE microsite.

The data path is load -> validate -> model -> render -> write; see build.py.
"""

__version__ = "0.1.0"
