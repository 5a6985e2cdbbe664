"""Exercise checks, one module per chapter, or a few for a long one (DESIGN section 5).

In a notebook: ``from course_nn import checks`` then ``checks.<exercise>(my_function)``, which
prints ``<exercise>: all N checks passed`` or what failed and a hint. Every check is listed in
``checks.REGISTRY``; ``tests/test_checks.py`` tries each with its reference, a stub and every
known mistake. ``checks.progress()`` lists the exercises passed so far, in every notebook;
``checks.reset_progress()`` forgets them.
"""

from .ch01_model import *  # noqa: F401,F403
from .ch02_backprop import *  # noqa: F401,F403
from .ch02_d_layers import *  # noqa: F401,F403
from .ch02_gradient_checking import *  # noqa: F401,F403
from .ch03_activations import *  # noqa: F401,F403
from .ch04_initialization import *  # noqa: F401,F403
from .ch05_optimization import *  # noqa: F401,F403
from .ch06_batchnorm import *  # noqa: F401,F403
from .ch07_regularization import *  # noqa: F401,F403
from .ch08_capstone import *  # noqa: F401,F403
from .core import REGISTRY, Case, Check, Mistake  # noqa: F401
from .progress import progress, reset_progress  # noqa: F401
