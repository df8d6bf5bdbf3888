/** Worker servers as network namespaces with a real sshd each, for the extend command's tests and the rolling-upgrade benchmark. */
package io.switchboard.loadtest.lab;
