"""What the BG/NBD fit tests share: customers the fit converges on."""

from __future__ import annotations

#: Twelve customers' (x, t_x, T) in weeks that the fit converges on (docs/churn.md,
#: "Fitting the parameters", with a penalizer).
CONVERGING = [
    (0, 0, 40),
    (0, 0, 30),
    (1, 5, 40),
    (1, 30, 35),
    (2, 10, 40),
    (3, 35, 38),
    (4, 12, 40),
    (6, 36, 39),
    (2, 30, 33),
    (0, 0, 20),
    (1, 2, 30),
    (0, 0, 36),
]
