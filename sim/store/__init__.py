"""Storage: results on disk as Parquet plus a metadata.json that says how to make them again."""

from sim.store.run_output import OutputExistsError, write_run

__all__ = ["OutputExistsError", "write_run"]
