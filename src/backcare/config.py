"""Settings, validated: the `BACKCARE_*` environment variables (read by
`backcare.environment`, any letter case), under the arguments given to `Settings(...)`.

They used to be read by pydantic-settings, whose import alone cost more than a whole
`backcare screen` should take (issue 17); a plain pydantic model over the same variables
gives the same values.

Data and settings live in the XDG folders (platformdirs); `BACKCARE_HOME` puts both under
one folder instead, which is what tests and portable installs use.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator

from backcare.environment import APP_NAME, variables


class Settings(BaseModel):
    model_config = ConfigDict(extra="ignore", defer_build=True)

    home: Path | None = None  # one folder for data and config, overriding XDG
    database_url: str | None = None  # default: SQLite in the data folder
    secret_key: str | None = None  # signs web sessions; made and kept beside the DB if unset
    content_dir: Path | None = None  # another content library (for clinicians' review)
    lang: str = "en"
    host: str = "127.0.0.1"
    port: int = 8000
    https: bool = False  # mark cookies Secure when served over HTTPS
    # FastAPI's OpenTelemetry export (traces, metrics, logs), when a provider is configured:
    # off unless asked for, as request paths name a person's records (web/app.py).
    telemetry: bool = False

    @model_validator(mode="before")
    @classmethod
    def _from_environment(cls, data: Any) -> Any:
        """The environment under the arguments: `Settings(home=...)` wins over BACKCARE_HOME."""
        if isinstance(data, dict):
            return {**variables(), **data}
        return data

    @property
    def data_dir(self) -> Path:
        if self.home is not None:
            return self.home / "data"
        from platformdirs import user_data_path

        return user_data_path(APP_NAME, appauthor=False)

    @property
    def config_dir(self) -> Path:
        if self.home is not None:
            return self.home / "config"
        from platformdirs import user_config_path

        return user_config_path(APP_NAME, appauthor=False)

    @property
    def database(self) -> str:
        """The SQLAlchemy URL to use: `BACKCARE_DATABASE_URL` or SQLite in the data folder."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'backcare.db'}"

    @property
    def config_file(self) -> Path:
        return self.config_dir / "config.toml"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
