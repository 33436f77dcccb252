# Varnish in front of the test live server: a stand-in for a CDN.
#
# A template: tests/interop/varnish.py replaces {{BACKEND_HOST}} and
# {{BACKEND_PORT}} with the live server's loopback address, once per session.
#
# Caching is Varnish's own (the built-in VCL runs after each subroutine below):
# the TTL comes from Cache-Control (s-maxage, else max-age), the grace period
# from stale-while-revalidate, and responses with Set-Cookie, private, no-cache or
# no-store are not cached. varnishd runs with default_ttl, default_grace and
# default_keep at 0, so the application's headers alone decide. Nothing is
# removed from requests or responses: Accept-Language, Cookie and Vary reach the
# backend and the client as sent. Only X-Cache* headers are added.
vcl 4.1;

backend live_server {
    .host = "{{BACKEND_HOST}}";
    .port = "{{BACKEND_PORT}}";
    .connect_timeout = 2s;
    .first_byte_timeout = 10s;
    .between_bytes_timeout = 10s;
}

# Who may purge: wagtail.contrib.frontend_cache's HTTPBackend sends
# "PURGE <path>?<query>" to its LOCATION with the page's Host header.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "PURGE is accepted from the loopback interface only"));
        }
        # Drops every variant (Vary) of the object hashed from this Host and URL.
        return (purge);
    }
}

sub vcl_deliver {
    # HIT also covers a stale object served during grace (stale-while-revalidate).
    if (obj.uncacheable) {
        set resp.http.X-Cache = "PASS";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    set resp.http.X-Cache-Hits = obj.hits;
    # What Varnish made of Cache-Control: remaining TTL and grace, in seconds.
    set resp.http.X-Cache-TTL = obj.ttl;
    set resp.http.X-Cache-Grace = obj.grace;
}
