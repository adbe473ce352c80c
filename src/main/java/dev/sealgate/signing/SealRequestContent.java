package dev.sealgate.signing;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A seal request's document while it waits, then the signed result for the requester; in the database
 * so that any instance can sign it on approval. Deleted on rejection and expiry.
 */
@Entity
@Table(name = "seal_request_content")
public class SealRequestContent extends PanacheEntityBase {

    @Id
    @Column(name = "request_id", length = 36)
    public String requestId;

    @Column(nullable = false)
    public byte[] content;
}
