package dev.ficus.gateway.admin;

/** What an admin token may do. */
public enum Role {
    /** Read routes and the audit log. */
    VIEWER,
    /** Everything a viewer may, plus change weights and roll back. */
    OPERATOR;

    boolean allows(Role required) {
        return compareTo(required) >= 0;
    }
}
