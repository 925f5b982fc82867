"""sitegen: a static site generator for small multilingual project sites.

The data path is load -> validate -> model -> render -> write; see build.py.
"""

__version__ = "0.1.0"
