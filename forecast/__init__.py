"""The forecast stage: history intake, holiday effects, daily models with a backtest and a
choice among them, conformal intervals, monthly seasons, intraday profiles, handle time
and many queues."""
