/** The peers Switchboard is compared with on the same machine and in the same run: Kamailio (registrar, proxy) and rtpengine (relay). */
package io.switchboard.loadtest.peer;
