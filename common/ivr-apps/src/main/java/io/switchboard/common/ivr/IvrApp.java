package io.switchboard.common.ivr;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One IVR application: callers who dial {@code number} start in {@code startMenu}.
 *
 * @param version 0 as parsed; {@link IvrApps} numbers stored revisions 1, 2, ... so a worker can
 *                tell a replaced definition from the one its running calls use
 * @param source  the YAML text it was parsed from: what is stored, and what the admin API returns
 */
public record IvrApp(String name, String number, String startMenu, Map<String, IvrMenu> menus, int version,
                     String source) {

    public IvrApp {
        menus = Collections.unmodifiableMap(new LinkedHashMap<>(menus));
    }

    public IvrMenu menu(String menuName) {
        IvrMenu menu = menus.get(menuName);
        if (menu == null) {
            // The parser refuses dangling references, so this is a programming error.
            throw new IllegalArgumentException("IVR application '" + name + "' has no menu '" + menuName + "'");
        }
        return menu;
    }

    public IvrMenu start() {
        return menu(startMenu);
    }

    public IvrApp withVersion(int newVersion) {
        return new IvrApp(name, number, startMenu, menus, newVersion, source);
    }
}
