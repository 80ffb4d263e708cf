"""The app gunicorn serves in the load tests: the project's own, plus a header naming the
worker process that answered (tests only: a deployed app does not say this)."""

import os

from {{ cookiecutter.package_name }}.app import create_app


def create():
    app = create_app()

    @app.after_request
    def name_the_worker(response):
        response.headers["X-Worker-Pid"] = str(os.getpid())
        return response

    return app
