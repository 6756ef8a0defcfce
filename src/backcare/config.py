"""The one place the environment is read.

Settings come from `BACKCARE_*` environment variables (any letter case; arguments given to
`Settings(...)` win over them) and are validated by pydantic. They used to be read by
pydantic-settings, whose import alone cost more than a whole `backcare screen` should take
(issue 17); reading the few variables here gives the same values with the standard library.

Data and settings live in the XDG folders (platformdirs); `BACKCARE_HOME` puts both under
one folder instead, which is what tests and portable installs use.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator

APP_NAME = "backcare"
ENV_PREFIX = "BACKCARE_"


def environment() -> dict[str, str]:
    """Every `BACKCARE_*` variable by setting name (`BACKCARE_HOME` -> `home`), whatever the
    letter case of its name; unknown names are left for Settings to ignore."""
    prefix = ENV_PREFIX.lower()
    return {
        name.lower().removeprefix(prefix): value
        for name, value in os.environ.items()
        if name.lower().startswith(prefix)
    }


def home_from_environment() -> Path | None:
    """`BACKCARE_HOME` as Settings reads it, without loading pydantic (for the command
    line's cached help, which needs nothing else)."""
    value = environment().get("home")
    return None if value is None else Path(value)


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

    @model_validator(mode="before")
    @classmethod
    def _from_environment(cls, data: Any) -> Any:
        """The environment under the arguments: `Settings(home=...)` wins over BACKCARE_HOME."""
        if isinstance(data, dict):
            return {**environment(), **data}
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
