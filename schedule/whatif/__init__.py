"""What-if scenarios: the scenario file, each scenario applied to the plan's inputs, staffed,
costed and simulated side by side, and the comparison chart."""
