<?php
/**
 * Plugin Name: Villes lumières tests: loopback oEmbed provider
 * Description: TEST-ONLY. Lets the throwaway WordPress of wagtail-villeslumieres'
 * interoperability tests fetch the counter from the Django test server on loopback.
 * Never install it on a real site.
 *
 * WordPress fetches oEmbed discovery pages and providers with wp_safe_remote_get(),
 * whose wp_http_validate_url() (wp-includes/http.php) rejects a host that resolves to
 * 127.x, 10.x, 172.16-31.x, 192.168.x or 0.x unless the `http_request_host_is_external`
 * filter says otherwise, and any port but 80, 443 and 8080 (the `http_allowed_safe_ports`
 * filter), except the port of WordPress's own address on its own host. The test server
 * runs on localhost on a free port: both checks are opened for loopback hosts only.
 */

function villeslumieres_tests_is_loopback( $host ) {
	return in_array( strtolower( trim( (string) $host, '[].' ) ), array( 'localhost', '127.0.0.1', '::1' ), true );
}

add_filter(
	'http_request_host_is_external',
	function ( $external, $host, $url ) {
		return $external || villeslumieres_tests_is_loopback( $host );
	},
	10,
	3
);

add_filter(
	'http_allowed_safe_ports',
	function ( $ports, $host, $url ) {
		$port = wp_parse_url( $url, PHP_URL_PORT );
		if ( $port && villeslumieres_tests_is_loopback( $host ) ) {
			$ports[] = (int) $port;
		}
		return $ports;
	},
	10,
	3
);

// The browser of the tests reaches loopback only: no emoji script from s.w.org.
remove_action( 'wp_head', 'print_emoji_detection_script', 7 );
remove_action( 'wp_print_styles', 'print_emoji_styles' );
