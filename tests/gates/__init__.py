"""Quality gates: the built site checked as a visitor's browser and an accessibility auditor would."""
