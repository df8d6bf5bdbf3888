/** Values the admin API and the definitions behind it share across roles. */
package io.switchboard.common.api;
