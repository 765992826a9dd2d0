"""Security headers Django does not set itself. The public site gets a strict Content-Security-Policy (no inline
scripts, nothing from other origins); the Wagtail admin, which relies on inline scripts, gets none. And the address
rate limits count a visitor by."""

from urllib.parse import urlsplit

from allauth.account.adapter import get_adapter as get_account_adapter
from django.conf import settings
from django.http import HttpRequest, HttpResponse


def client_address(request: HttpRequest) -> str:
    """The visitor's IP address, as allauth's limits (login, sign-up, password reset) and ours count it. Behind a
    proxy every request comes from the proxy, so the address is read from X-Forwarded-For (the entry
    ALLAUTH_TRUSTED_PROXY_COUNT proxies from the end) or from the header in ALLAUTH_TRUSTED_CLIENT_IP_HEADER; with
    neither set, those headers are ignored (anyone can send them) and the connection's own address is used."""
    return get_account_adapter(request).get_client_ip(request)


PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


def content_security_policy(*, framed_by_the_admin: bool = False, webassembly: bool = False) -> str:
    """``webassembly``: for the one page that compiles WebAssembly (the door's QR scanner); every other page
    keeps script-src to our own files."""
    # Joining a webinar is a form post answered by a redirect to the BBB server, which form-action covers.
    bbb = urlsplit(settings.BBB_URL)
    bbb_origins = [f"{bbb.scheme}://{bbb.netloc}"] if bbb.scheme and bbb.netloc else []
    bbb_origin = "".join(f" {origin}" for origin in [*bbb_origins, *settings.BBB_SERVER_ORIGINS])
    return "; ".join([
        "default-src 'self'",
        "img-src 'self' data:",
        "style-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval'" if webassembly else "script-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        # Wagtail shows a page's preview in an iframe of the admin, on the same origin; nothing else may frame it.
        "frame-ancestors 'self'" if framed_by_the_admin else "frame-ancestors 'none'",
        f"form-action 'self'{bbb_origin}",
    ])


class SecurityHeadersMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        # The policy is for pages; PDFs (a certificate template's preview is one) are left to the browser's viewer.
        is_page = response.get("Content-Type", "").startswith("text/html")
        if is_page and not request.path.startswith(("/admin/", "/documents/")):
            # Wagtail renders a preview by passing a request for the page's own address through the middleware.
            previewing = getattr(request, "is_preview", False)
            response.setdefault("Content-Security-Policy", content_security_policy(framed_by_the_admin=previewing))
        return response
