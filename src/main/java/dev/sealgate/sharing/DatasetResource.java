package dev.sealgate.sharing;

import java.net.URI;
import java.time.Instant;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;

import dev.sealgate.audit.Actor;
import dev.sealgate.audit.AuditAction;
import dev.sealgate.audit.AuditLog;
import dev.sealgate.identity.CallerResolver;
import dev.sealgate.identity.Principal;
import dev.sealgate.identity.ResidentId;
import dev.sealgate.identity.Roles;
import dev.sealgate.privacy.PrivacyGate;
import dev.sealgate.support.ProblemException;
import dev.sealgate.support.ProblemType;

@Path("/api/v1/datasets/{name}/records")
@Tag(name = "sharing", description = "Citizen records shared with partner agencies, minimised and sealed")
public class DatasetResource {

    @Inject
    CallerResolver caller;

    @Inject
    PrivacyGate gate;

    @Inject
    AuditLog audit;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.CIVIL_SERVANT)
    @Transactional
    @Operation(summary = "Publish a citizen record into a dataset",
            description = "The record is a JSON object keyed by the citizen's 'nationalId'; the caller's department owns it. Publishing again replaces it.")
    public Response publish(@PathParam("name") String dataset, JsonNode record) {
        Principal servant = caller.current();
        if (!dataset.matches("[a-z0-9-]{1,64}")) {
            throw new ProblemException(ProblemType.INVALID_PARAMETER, "A dataset name is 1-64 lower-case letters, digits or dashes.");
        }
        if (record == null || !record.isObject() || !ResidentId.isValid(record.path("nationalId").asText(null))) {
            throw new ProblemException(ProblemType.INVALID_NATIONAL_ID,
                    "The record must be a JSON object with a valid 18-character 'nationalId'.");
        }
        if (servant.department() == null) {
            throw new ProblemException(ProblemType.FORBIDDEN, "Only civil servants of a department publish records.");
        }
        String subject = gate.subjectKey(record.get("nationalId").asText());
        DatasetRecord stored = DatasetRecord.find(dataset, subject);
        if (stored == null) {
            stored = new DatasetRecord();
            stored.dataset = dataset;
            stored.subjectKey = subject;
        } else if (!stored.ownerDepartment.equals(servant.department())) {
            throw new ProblemException(ProblemType.FORBIDDEN, "Another department owns this citizen's record in this dataset.");
        }
        stored.ownerDepartment = servant.department();
        stored.recordJson = record.toString();
        stored.publishedAt = Instant.now();
        stored.publishedBy = servant.username();
        stored.persist();
        audit.record(Actor.of(servant, caller.clientId()), AuditAction.DATASET_PUBLISH, "dataset-record", dataset + "/" + stored.id, null,
                "published");
        return Response.created(URI.create("/api/v1/datasets/" + dataset + "/records/" + stored.id))
                .entity(java.util.Map.of("dataset", dataset, "owner", stored.ownerDepartment,
                        "publishedAt", stored.publishedAt.toString()))
                .build();
    }
}
