<?php
/**
 * TEST-ONLY command-line tool of the interoperability tests (tests/interop/wordpress.py):
 * drives the throwaway WordPress through its own PHP API, as wp-cli would (Debian
 * bookworm has no wp-cli package). The environment (VL_WP_*) names the database and
 * the address. Prints one JSON document.
 *
 *   php wp-tool.php install              wp_install(), plain permalinks
 *   php wp-tool.php post <title>         wp_insert_post() of the content read on stdin
 *   php wp-tool.php proxy <url>          the block editor's preview: GET /oembed/1.0/proxy
 */
$url                         = getenv( 'VL_WP_URL' );
$_SERVER['WORDPRESS_CONFIG'] = 'villeslumieres-tests';
$_SERVER['HTTP_HOST']        = parse_url( $url, PHP_URL_HOST ) . ':' . parse_url( $url, PHP_URL_PORT );
$_SERVER['REQUEST_URI']      = '/';
$_SERVER['SERVER_PROTOCOL']  = 'HTTP/1.1';
$command                     = $argv[1] ?? '';

if ( 'install' === $command ) {
	define( 'WP_INSTALLING', true );
}
require '/usr/share/wordpress/wp-load.php';

// No mail leaves a test (wp_install() writes to the new administrator).
add_filter( 'pre_wp_mail', '__return_false' );

function villeslumieres_tests_answer( $data ) {
	echo wp_json_encode( $data ), "\n";
	exit( 0 );
}

switch ( $command ) {
	case 'install':
		require_once ABSPATH . 'wp-admin/includes/upgrade.php';
		$result = wp_install( 'École du Centre', 'admin', 'admin@example.org', false, '', 'password' );
		update_option( 'permalink_structure', '' );
		villeslumieres_tests_answer(
			array(
				'user_id' => $result['user_id'],
				'theme'   => get_stylesheet(),
				'version' => get_bloginfo( 'version' ),
			)
		);
		break;
	case 'post':
		wp_set_current_user( 1 ); // The administrator, who may post any HTML (unfiltered_html).
		$id = wp_insert_post(
			array(
				'post_title'   => $argv[2],
				'post_content' => stream_get_contents( STDIN ),
				'post_status'  => 'publish',
				'post_author'  => 1,
			),
			true
		);
		if ( is_wp_error( $id ) ) {
			fwrite( STDERR, $id->get_error_message() . "\n" );
			exit( 1 );
		}
		villeslumieres_tests_answer( array( 'id' => $id, 'url' => get_permalink( $id ) ) );
		break;
	case 'proxy':
		wp_set_current_user( 1 );
		// Each test has its own counter: forget the previous tests' cached answers.
		$GLOBALS['wpdb']->query( "DELETE FROM {$GLOBALS['wpdb']->options} WHERE option_name LIKE '%transient%oembed%'" );
		$request = new WP_REST_Request( 'GET', '/oembed/1.0/proxy' );
		$request->set_query_params( array( 'url' => $argv[2] ) );
		$response = rest_do_request( $request );
		villeslumieres_tests_answer(
			array(
				'status' => $response->get_status(),
				'data'   => rest_get_server()->response_to_data( $response, false ),
			)
		);
		break;
	default:
		fwrite( STDERR, "unknown command: $command\n" );
		exit( 2 );
}
