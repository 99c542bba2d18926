package dev.switchboard.rest.internal.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Set;
import javax.servlet.http.HttpServletRequest;

/**
 * The address failed authentications are counted against. The TCP peer, unless it is a configured trusted
 * proxy: then the right-most {@code X-Forwarded-For} entry that is not a trusted proxy (the left ones are the
 * client's own claim). IPv6 addresses count per /64, since one host usually holds a whole /64.
 */
final class ClientAddress {

    private final Set<String> trustedProxies;

    ClientAddress(Set<String> trustedProxies) {
        this.trustedProxies = Set.copyOf(trustedProxies);
    }

    String of(HttpServletRequest request) {
        String peer = request.getRemoteAddr();
        if (!trustedProxies.isEmpty() && trustedProxies.contains(peer)) {
            String forwarded = request.getHeader("X-Forwarded-For");
            if (forwarded != null) {
                String[] hops = forwarded.split(",");
                for (int i = hops.length - 1; i >= 0; i--) {
                    String hop = hops[i].trim();
                    if (!hop.isEmpty() && !trustedProxies.contains(hop)) {
                        return group(hop);
                    }
                }
            }
        }
        return group(peer);
    }

    static String group(String address) {
        if (address == null || address.indexOf(':') < 0) {
            return address;
        }
        try {
            // in brackets the JDK parses an IPv6 literal or fails: it never looks a name up
            String literal = address.startsWith("[") ? address : "[" + address + "]";
            byte[] bytes = InetAddress.getByName(literal).getAddress();
            if (bytes.length != 16) {
                return address;
            }
            StringBuilder prefix = new StringBuilder(24);
            for (int i = 0; i < 8; i += 2) {
                prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
            }
            return prefix.append(":/64").toString();
        } catch (UnknownHostException | RuntimeException e) {
            return address.length() > 64 ? address.substring(0, 64) : address;
        }
    }
}
