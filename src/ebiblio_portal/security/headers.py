"""Security headers and the Content Security Policy on every response."""

CSP = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data: https:",
        "style-src 'self'",
        "script-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def security_headers_tween_factory(handler, registry):
    secure = registry.settings.get("ebiblio.secure_cookies", True)

    def security_headers_tween(request):
        response = handler(request)
        headers = response.headers
        # Sandbox vendors serve their own pages (reader, feeds); they keep their headers.
        headers.setdefault("Content-Security-Policy", CSP)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if secure:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response

    return security_headers_tween
