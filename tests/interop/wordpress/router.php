<?php
/**
 * TEST-ONLY router of PHP's built-in server for the interoperability tests'
 * WordPress (tests/interop/wordpress.py): `php -S 127.0.0.1:<port> -t
 * /usr/share/wordpress router.php`. Selects the test configuration Debian's
 * wp-config.php loads (/etc/wordpress/config-villeslumieres-tests.php, written by
 * .ci/wordpress.sh), lets the server send static files, and runs every other
 * request through the PHP file it names or WordPress's index.php.
 */
$_SERVER['WORDPRESS_CONFIG'] = 'villeslumieres-tests';

$root = rtrim( $_SERVER['DOCUMENT_ROOT'], '/' );
$path = rawurldecode( parse_url( $_SERVER['REQUEST_URI'], PHP_URL_PATH ) ?: '/' );
$file = realpath( $root . $path );
if ( false !== $file && is_dir( $file ) ) {
	$file = realpath( $file . '/index.php' );
}
if ( false !== $file && is_file( $file ) && '.php' !== substr( $file, -4 ) ) {
	return false;
}
if ( false === $file || '.php' !== substr( $file, -4 ) ) {
	$file = $root . '/index.php';
	$path = '/index.php';
} elseif ( '.php' !== substr( $path, -4 ) ) {
	$path = rtrim( $path, '/' ) . '/index.php';
}
$_SERVER['SCRIPT_NAME']     = $path;
$_SERVER['PHP_SELF']        = $path;
$_SERVER['SCRIPT_FILENAME'] = $file;
chdir( dirname( $file ) );
require $file;
