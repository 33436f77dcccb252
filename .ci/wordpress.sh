#!/usr/bin/env bash
# The WordPress the interoperability tests (tests/interop/) embed the counter in:
# Debian's own `wordpress` package, PHP's command-line interpreter (its built-in
# web server serves WordPress on loopback during the tests) and MariaDB. Installs
# what is missing, starts MariaDB if it is not running, and writes the test-only
# WordPress configuration. Idempotent: a second run changes nothing.
#
# No web server daemon is installed: `wordpress` depends on `apache2 | httpd` and
# on `libapache2-mod-php | php`. micro-httpd (run from inetd only, and no inetd is
# installed) fills the first, php-cgi the second, and apache2-bin, mod_php and
# php-fpm are refused, so nothing listens on a port after this script.
set -euo pipefail

WP_CONFIG=/etc/wordpress/config-villeslumieres-tests.php

missing=()
[ -f /usr/share/wordpress/wp-settings.php ] || missing+=(wordpress)
[ -d /usr/share/wordpress/wp-content/themes/twentytwentythree ] ||
    missing+=(wordpress-theme-twentytwentythree)
command -v php >/dev/null || missing+=(php-cli)
if ! command -v php >/dev/null || ! php -r 'exit(extension_loaded("mysqli") ? 0 : 1);'; then
    missing+=(php-mysql)
fi
command -v mariadb >/dev/null || command -v mysql >/dev/null || missing+=(mariadb-client)
command -v mariadbd >/dev/null || [ -x /usr/sbin/mariadbd ] || missing+=(mariadb-server)

if [ ${#missing[@]} -gt 0 ]; then
    apt=(apt-get -o DPkg::Lock::Timeout=300 -qq)
    "${apt[@]}" update
    php_version=$(apt-cache show php-cli | sed -n 's/^Depends: php\([0-9.]*\)-cli.*/\1/p' | head -n1)
    # With the packages that would start a server refused (see above).
    DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y --no-install-recommends \
        "${missing[@]}" php-cli php-cgi micro-httpd \
        apache2-bin- "libapache2-mod-php${php_version}-" "php${php_version}-fpm-" >/dev/null
fi

# MariaDB on loopback (the tests connect as root over TCP, without a password).
if ! mariadb-admin --host=127.0.0.1 --user=root --connect-timeout=2 status >/dev/null 2>&1; then
    mkdir -p /run/mysqld
    chown mysql:mysql /run/mysqld
    [ -d /var/lib/mysql/mysql ] || mariadb-install-db --user=mysql >/dev/null
    (mariadbd-safe --bind-address=127.0.0.1 >/dev/null 2>&1 &)
    for _ in $(seq 30); do
        mariadb-admin --host=127.0.0.1 --user=root --connect-timeout=2 status >/dev/null 2>&1 && break
        sleep 1
    done
    mariadb-admin --host=127.0.0.1 --user=root --connect-timeout=2 status >/dev/null
fi

# Test-only WordPress configuration: Debian's /usr/share/wordpress/wp-config.php
# loads /etc/wordpress/config-<WORDPRESS_CONFIG>.php, which the tests' router sets.
# Everything else (database, address, must-use plugins) comes from the environment
# the test fixture starts PHP with; no real site ever uses this file.
mkdir -p /etc/wordpress
cat >"$WP_CONFIG.new" <<'PHP'
<?php
// Test-only: the throwaway WordPress of wagtail-villeslumieres' interoperability
// tests (tests/interop/wordpress.py). Written by .ci/wordpress.sh.
define('DB_NAME', getenv('VL_WP_DB_NAME') ?: 'villeslumieres_wp_unset');
define('DB_USER', getenv('VL_WP_DB_USER') ?: 'root');
define('DB_PASSWORD', getenv('VL_WP_DB_PASSWORD') ?: '');
define('DB_HOST', getenv('VL_WP_DB_HOST') ?: '127.0.0.1:3306');
define('WP_HOME', getenv('VL_WP_URL'));
define('WP_SITEURL', getenv('VL_WP_URL'));
define('WPMU_PLUGIN_DIR', getenv('VL_WP_MU_PLUGINS'));
define('WP_ALLOW_MULTISITE', false);
define('WP_DEBUG', false);
define('DISABLE_WP_CRON', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('AUTH_KEY', 'tests-only');
define('SECURE_AUTH_KEY', 'tests-only');
define('LOGGED_IN_KEY', 'tests-only');
define('NONCE_KEY', 'tests-only');
define('AUTH_SALT', 'tests-only');
define('SECURE_AUTH_SALT', 'tests-only');
define('LOGGED_IN_SALT', 'tests-only');
define('NONCE_SALT', 'tests-only');
PHP
if cmp -s "$WP_CONFIG.new" "$WP_CONFIG"; then rm "$WP_CONFIG.new"; else mv "$WP_CONFIG.new" "$WP_CONFIG"; fi

php -r 'exit(extension_loaded("mysqli") ? 0 : 1);'
