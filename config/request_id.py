"""X-Request-ID in and out: the id that ties a request's log lines, and those of its jobs, together."""

from kernel import request_id

HEADER = "X-Request-ID"


class RequestIdMiddleware:
    """Takes the caller's X-Request-ID when safe (kernel.request_id.SAFE), makes one otherwise, and echoes it.

    First in MIDDLEWARE, so that every log line of the request, and every answer (refusals and
    errors included), carries it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        value = request_id.accepted(request.headers.get(HEADER))
        request.request_id = value
        with request_id.bound(value):
            response = self.get_response(request)
        response[HEADER] = value
        return response
