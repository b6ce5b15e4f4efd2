"""Figures for comparisons and sensitivity, as PNG files (matplotlib, no screen needed)."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b")
PANELS = (
    ("n_job", "In a job"),
    ("n_benefit", "On benefit"),
    ("n_derailment", "Derailed (on benefit)"),
    ("mean_indicator", "Mean readiness (1-5), on benefit"),
)


def comparison_figure(weekly: pd.DataFrame, order: list[str], n_citizens: int, path: Path) -> Path:
    """Four panels over time, each scenario's mean with its 95% band over replicates."""
    fig, axes = plt.subplots(2, 2, figsize=(11, 7), sharex=True)
    for ax, (col, title) in zip(axes.flat, PANELS, strict=True):
        for colour, name in zip(COLOURS, order, strict=False):
            g = weekly[weekly["scenario"] == name]
            series = g.pivot(index="week", columns="replicate", values=col)
            if col != "mean_indicator":
                series = 100 * series / n_citizens
            mean = series.mean(axis=1)
            n = series.shape[1]
            half = 1.96 * series.std(axis=1, ddof=1) / np.sqrt(n) if n > 1 else 0 * mean
            ax.plot(mean.index, mean, color=colour, label=name)
            ax.fill_between(mean.index, mean - half, mean + half, color=colour, alpha=0.2)
        ax.set_title(title)
        ax.set_ylabel("points" if col == "mean_indicator" else "% of citizens")
        ax.grid(alpha=0.3)
    for ax in axes[1]:
        ax.set_xlabel("week")
    axes[0, 0].legend()
    fig.suptitle("Scenarios with common random numbers (bands: 95% interval of the mean)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def sensitivity_figure(indices: pd.DataFrame, outcome: str, path: Path) -> Path:
    fig, ax = plt.subplots(figsize=(8, 0.6 * len(indices) + 2))
    y = np.arange(len(indices))
    if "ST" in indices:
        pairs = (("S1", "first order", COLOURS[0], -0.2), ("ST", "total order", COLOURS[1], 0.2))
        for key, label, colour, shift in pairs:
            err = np.vstack(
                [indices[key] - indices[f"{key}_low"], indices[f"{key}_high"] - indices[key]]
            )
            ax.barh(
                y + shift,
                indices[key],
                height=0.4,
                color=colour,
                label=label,
                xerr=np.clip(err, 0, None),
                capsize=3,
            )
        ax.set_xlabel("Sobol index (95% bootstrap interval)")
    else:
        err = np.vstack(
            [
                indices["mu_star"] - indices["mu_star_low"],
                indices["mu_star_high"] - indices["mu_star"],
            ]
        )
        ax.barh(
            y,
            indices["mu_star"],
            color=COLOURS[0],
            xerr=np.clip(err, 0, None),
            capsize=3,
            label="mu*",
        )
        ax.set_xlabel("Morris mu* (95% bootstrap interval)")
    ax.set_yticks(y, indices["factor"])
    ax.legend()
    ax.set_title(f"Sensitivity of {outcome}")
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
