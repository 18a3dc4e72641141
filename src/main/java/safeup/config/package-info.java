/** /etc/safeup.conf: read, checked line by line, and its defaults. */
package safeup.config;
