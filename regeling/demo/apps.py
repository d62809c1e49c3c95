from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo bodies, accounts and budgets for `make run` (`seed_demo`, `demo_code`). Development only,
    on top of the apps whose rows it creates."""

    name = "regeling.demo"
