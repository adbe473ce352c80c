package dev.sealgate.verification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.sealgate.formats.Inspected;
import dev.sealgate.testsupport.Formats;
import dev.sealgate.verification.GeneratedSpace.Scenario;
import dev.sealgate.verification.blocks.SignatureValidator;
import dev.sealgate.verification.blocks.ValidationPolicies;
import dev.sealgate.verification.gathering.Gathered;
import dev.sealgate.verification.gathering.RevocationSources;
import dev.sealgate.verification.report.Indication;
import dev.sealgate.verification.report.SubIndication;
import dev.sealgate.verification.report.ValidationReport.SignatureReport;

/**
 * Gather, then judge: everything a verdict depends on from outside the signature is gathered into one value first; the
 * building blocks judge that value without I/O ({@link SignatureValidator} holds no source of anything), so the same
 * value gives the same report, another value another report, and a block asking for what was not gathered is a defect
 * that shows, never a quiet fetch.
 */
class GatherThenJudgeTest {

    /** A CAdES signature under a root and an issuing CA, with the CA's OCSP answer for the signer and a time-stamp. */
    private static final Scenario ORDINARY = new Scenario(GeneratedSpace.Anchor.ROOT_VIA_CA, GeneratedSpace.Validity.VALID,
            GeneratedSpace.IssuerValidity.VALID, GeneratedSpace.RevocationKind.OCSP_BY_CA, GeneratedSpace.RevocationTime.AFTER_SIGNING,
            GeneratedSpace.Status.GOOD, GeneratedSpace.CaRevocation.CRL, GeneratedSpace.TimeStamp.VALID,
            GeneratedSpace.Crypto.RSA2048_SHA256, GeneratedSpace.Reference.V2, GeneratedSpace.Tamper.NONE);

    @Test
    void aVerdictIsReplayedAndExplainedFromWhatWasGathered() throws Exception {
        GeneratedSpace.Made made = GeneratedSpace.make(ORDINARY, new Random(7));
        Inspected signature = Formats.all().recognise(made.signed()).inspect(made.signed(), null).get(0);
        Gathered gathered = OfflineValidation.gatherer(made.anchors()).gather(signature.facts(), signature.context());
        ValidationPolicies.Policy policy = OfflineValidation.POLICIES.policies().get("default");
        SignatureValidator blocks = new SignatureValidator();

        SignatureReport first = blocks.judge(1, signature.facts(), signature.context(), gathered, GeneratedSpace.AT, policy);
        assertEquals(Indication.TOTAL_PASSED, first.indication(), String.valueOf(first.errors()));
        assertEquals("embedded-ocsp", first.chain().get(0).revocation().source(), "the signer's answer is the one gathered");
        assertEquals(first, blocks.judge(1, signature.facts(), signature.context(), gathered, GeneratedSpace.AT, policy),
                "the same gathered value, the same report");

        // the signer's revocation answer taken out of what was gathered: the blocks conclude what no data concludes
        Map<Gathered.Lookup, Optional<RevocationSources.Found>> withoutSigner = new LinkedHashMap<>(gathered.revocation());
        Gathered.Lookup signerLookup = withoutSigner.keySet().stream()
                .filter(lookup -> lookup.certificate().equals(signature.facts().signer())).findFirst().orElseThrow();
        withoutSigner.put(signerLookup, Optional.empty());
        SignatureReport replayed = blocks.judge(1, signature.facts(), signature.context(), gathered.withRevocation(withoutSigner),
                GeneratedSpace.AT, policy);
        assertEquals(Indication.INDETERMINATE, replayed.indication());
        assertEquals(SubIndication.CERTIFICATE_CHAIN_GENERAL_FAILURE, replayed.subIndication());
        assertTrue(replayed.errors().stream().anyMatch(m -> m.code().equals("REVOCATION_UNAVAILABLE")), String.valueOf(replayed.errors()));

        // nothing gathered: asking is a defect of the gathering, thrown, not fetched and not a verdict
        assertThrows(Gathered.NotGathered.class, () -> blocks.judge(1, signature.facts(), signature.context(),
                gathered.withRevocation(Map.of()), GeneratedSpace.AT, policy));
    }
}
