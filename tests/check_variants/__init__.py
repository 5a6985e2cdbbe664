"""Hand-written variants of every exercise's answer, for the mutation test of the checks.

One module per chapter, ``chNN_<topic>.py``, each defining ``VARIANTS``: a dict from a check's
name to ``{"wrong": [...], "right": [...]}``, lists of functions with the exercise's signature.
Every wrong variant is a mistake a learner plausibly makes (a boundary convention, eps in the
wrong place, an axis or ddof, a dropped term, integer or float32 inputs, extreme values, ties,
mutating a list argument, ...) and must be rejected; every right variant is a correct
alternative (a loop, einsum, an equivalent formula) and must be accepted. Each check needs at
least 8 wrong and 2 right variants.
"""
