package dev.sealgate.sharing;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A citizen record a department published into a dataset for sharing. */
@Entity
@Table(name = "dataset_record")
public class DatasetRecord extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, length = 64)
    public String dataset;

    /** Keyed HMAC of the citizen's national ID. */
    @Column(name = "subject_key", nullable = false, length = 64)
    public String subjectKey;

    @Column(name = "owner_department", nullable = false, length = 64)
    public String ownerDepartment;

    @Column(name = "record_json", nullable = false, length = 65535)
    public String recordJson;

    @Column(name = "published_at", nullable = false)
    public Instant publishedAt;

    @Column(name = "published_by", nullable = false)
    public String publishedBy;

    public static DatasetRecord find(String dataset, String subjectKey) {
        return find("dataset = ?1 and subjectKey = ?2", dataset, subjectKey).firstResult();
    }
}
