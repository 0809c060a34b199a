"""wfm forecasting: history intake, calendars, seasonal models, backtests and intraday splits.

The public entry points are re-exported here; see the README for the frame layouts.
"""

from forecast.config import Config, load_config
from forecast.errors import InputError
from forecast.history import History, load_history

__all__ = ["Config", "History", "InputError", "load_config", "load_history"]
