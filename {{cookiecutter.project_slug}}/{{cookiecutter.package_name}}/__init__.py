"""The {{ cookiecutter.package_name }} package: the app factory, models, auth, admin and API."""
