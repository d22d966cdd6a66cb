from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "serdh.demo"
    label = "demo"
    verbose_name = "Demo"
