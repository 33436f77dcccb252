"""Fetching another site's counter without letting that site reach anything else.

The one HTTP client of the package (``counter.network`` pulls members with it).
Built on urllib3 directly rather than ``requests``: it connects to an address we
chose, so the address checked is the address used. ``requests`` resolves the
host itself when it connects; checking it beforehand leaves a window in which a
hostile DNS server answers a public address to the check and a private one to the
connection (DNS rebinding).

For every request, the first and each redirect:

- the scheme is ``https`` (``http`` only with ``NETWORK_ALLOW_HTTP``), the URL has
  a host and no user name or password;
- the host is resolved once; if **any** of its addresses is private, loopback,
  link-local, multicast, reserved or otherwise not global (unless it lies in
  ``NETWORK_ALLOWED_ADDRESSES``), the request is refused; else the connection goes
  to the first address, with the host name in the ``Host`` header, the TLS server
  name (SNI) and the certificate check;
- redirects are followed by hand, at most ``NETWORK_MAX_REDIRECTS``, a loop refused;
- the whole fetch gets ``NETWORK_PULL_TIMEOUT`` seconds (each connect and read too);
- the body is streamed and dropped past ``NETWORK_MAX_BODY_BYTES`` (no
  ``Accept-Encoding`` is sent, so no compressed body can expand past the check).
"""

import dataclasses
import ipaddress
import socket
import time
from urllib.parse import urljoin, urlsplit

import urllib3
from django.utils.translation import gettext_lazy as _

from ..conf import vl_settings

USER_AGENT = "wagtail-villeslumieres network pull"
REDIRECTS = (301, 302, 303, 307, 308)
CHUNK = 64 * 1024


class FetchError(Exception):
    """The address could not be read: ``message`` says why, for the editors."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


class UnsafeAddress(FetchError):
    """The address is refused before any request (scheme, host, or where it resolves)."""


@dataclasses.dataclass(frozen=True)
class Fetched:
    """What an address answered: ``status`` 200 (with ``body``) or 304 (without)."""

    url: str
    status: int
    body: bytes
    etag: str
    content_type: str


def check_url_shape(url):
    """``(scheme, host, port, path_and_query)`` of ``url``, or ``UnsafeAddress``."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise UnsafeAddress(_("This is not a valid web address.")) from None
    allowed = ("https", "http") if vl_settings.NETWORK_ALLOW_HTTP else ("https",)
    if parts.scheme not in allowed:
        raise UnsafeAddress(_("Only https:// addresses can be pulled."))
    if not parts.hostname:
        raise UnsafeAddress(_("This web address has no host."))
    if parts.username is not None or parts.password is not None:
        raise UnsafeAddress(_("A counter address cannot contain a user name or password."))
    port = port or (443 if parts.scheme == "https" else 80)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return parts.scheme, parts.hostname, port, path


def allowed_networks():
    networks = []
    for value in vl_settings.NETWORK_ALLOWED_ADDRESSES or ():
        try:
            networks.append(ipaddress.ip_network(value, strict=False))
        except ValueError:
            continue
    return networks


def is_allowed_address(address, networks=None):
    """Whether a connection to ``address`` (a string) is allowed: global, or explicitly allowed."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    networks = allowed_networks() if networks is None else networks
    if any(ip.version == net.version and ip in net for net in networks):
        return True
    mapped = getattr(ip, "ipv4_mapped", None) or getattr(ip, "sixtofour", None)
    if mapped is not None:
        return is_allowed_address(str(mapped), networks)
    return ip.is_global and not ip.is_multicast and not ip.is_reserved


def resolve(host, port):
    """The address to connect to for ``host``: every address it resolves to must be allowed."""
    try:
        answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise FetchError(_("The host name could not be resolved.")) from None
    addresses = [answer[4][0] for answer in answers]
    if not addresses:
        raise FetchError(_("The host name could not be resolved."))
    networks = allowed_networks()
    for address in addresses:
        if not is_allowed_address(address, networks):
            raise UnsafeAddress(
                _("Refused: this address leads to a private or local network (%(address)s).")
                % {"address": address}
            )
    return addresses[0]


def fetch(url, *, etag="", accept="application/json"):
    """GET ``url`` under the rules above (a 304 when ``etag`` still matches), or ``FetchError``."""
    deadline = time.monotonic() + vl_settings.NETWORK_PULL_TIMEOUT
    seen = set()
    for _hop in range(vl_settings.NETWORK_MAX_REDIRECTS + 1):
        if url in seen:
            raise FetchError(_("Refused: the address redirects in a loop."))
        seen.add(url)
        response = _request_once(url, etag, accept, deadline)
        if response.status not in REDIRECTS:
            return _read(url, response, deadline)
        location = response.headers.get("Location", "")
        _close(response)
        if not location:
            raise FetchError(_("The address redirects without saying where."))
        url = urljoin(url, location)
    raise FetchError(_("Refused: too many redirects."))


def _remaining(deadline):
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchError(_("The site did not answer in time."))
    return left


def _request_once(url, etag, accept, deadline):
    scheme, host, port, path = check_url_shape(url)
    address = resolve(host, port)
    left = _remaining(deadline)
    timeout = urllib3.Timeout(connect=left, read=left)
    if scheme == "https":
        pool = urllib3.HTTPSConnectionPool(
            address,
            port,
            server_hostname=host,
            assert_hostname=host,
            cert_reqs="CERT_REQUIRED",
            timeout=timeout,
            maxsize=1,
            retries=False,
        )
    else:
        pool = urllib3.HTTPConnectionPool(address, port, timeout=timeout, maxsize=1, retries=False)
    default_port = 443 if scheme == "https" else 80
    headers = {
        "Host": host if port == default_port else f"{host}:{port}",
        "Accept": accept,
        "User-Agent": USER_AGENT,
    }
    if ":" in host and not host.startswith("["):
        headers["Host"] = f"[{host}]" if port == default_port else f"[{host}]:{port}"
    if etag:
        headers["If-None-Match"] = etag
    try:
        response = pool.urlopen(
            "GET",
            path,
            headers=headers,
            redirect=False,
            retries=False,
            preload_content=False,
            decode_content=False,
            assert_same_host=False,
        )
    except urllib3.exceptions.NewConnectionError:
        # A refused connection (urllib3 makes it a kind of connect timeout).
        pool.close()
        raise FetchError(_("The site could not be reached.")) from None
    except urllib3.exceptions.TimeoutError:
        pool.close()
        raise FetchError(_("The site did not answer in time.")) from None
    except urllib3.exceptions.SSLError:
        pool.close()
        raise FetchError(_("The site's certificate could not be verified.")) from None
    except (urllib3.exceptions.HTTPError, OSError):
        pool.close()
        raise FetchError(_("The site could not be reached.")) from None
    response.vl_pool = pool
    return response


def _close(response):
    response.release_conn()
    response.close()
    response.vl_pool.close()


def _read(url, response, deadline):
    limit = vl_settings.NETWORK_MAX_BODY_BYTES
    try:
        if response.status == 304:
            return Fetched(url, 304, b"", response.headers.get("ETag", ""), "")
        if response.status != 200:
            raise FetchError(
                _("The site answered with HTTP status %(status)s.") % {"status": response.status}
            )
        if response.headers.get("Content-Encoding", "identity").lower() not in ("", "identity"):
            raise FetchError(_("Refused: the answer is compressed, which was not asked for."))
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(
                _("Refused: the answer is larger than %(limit)s bytes.") % {"limit": limit}
            )
        chunks, size = [], 0
        while True:
            _remaining(deadline)
            try:
                chunk = response.read(CHUNK)
            except urllib3.exceptions.TimeoutError:
                raise FetchError(_("The site did not answer in time.")) from None
            except (urllib3.exceptions.HTTPError, OSError):
                raise FetchError(_("The site could not be reached.")) from None
            if not chunk:
                break
            size += len(chunk)
            if size > limit:
                raise FetchError(
                    _("Refused: the answer is larger than %(limit)s bytes.") % {"limit": limit}
                )
            chunks.append(chunk)
        return Fetched(
            url,
            200,
            b"".join(chunks),
            response.headers.get("ETag", ""),
            response.headers.get("Content-Type", ""),
        )
    finally:
        _close(response)
