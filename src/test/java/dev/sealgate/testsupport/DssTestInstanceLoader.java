package dev.sealgate.testsupport;

import java.util.List;

import eu.europa.esig.dss.model.DSSException;
import eu.europa.esig.dss.spi.client.http.DataLoader;
import io.restassured.RestAssured;

/**
 * EU DSS's data loader for tests: the dev PKI's addresses (http://localhost:8080/) are mapped to
 * the SealGate instance under test, and no other address may be contacted.
 */
public final class DssTestInstanceLoader implements DataLoader {

    private static final long serialVersionUID = 1L;

    private static final String DEV_PKI_ORIGIN = "http://localhost:8080/";

    private final DataLoader delegate;
    private final transient List<String> fetched;

    /** @param fetched where to record each address fetched, or null */
    public DssTestInstanceLoader(DataLoader delegate, List<String> fetched) {
        this.delegate = delegate;
        this.fetched = fetched;
    }

    private String local(String url) {
        String testOrigin = "http://localhost:" + RestAssured.port + "/";
        String mapped = url.startsWith(DEV_PKI_ORIGIN) ? testOrigin + url.substring(DEV_PKI_ORIGIN.length()) : url;
        if (!mapped.startsWith(testOrigin)) {
            throw new DSSException("Only the SealGate instance under test may be contacted, not " + url);
        }
        if (fetched != null) {
            fetched.add(url);
        }
        return mapped;
    }

    @Override
    public byte[] get(String url) {
        return delegate.get(local(url));
    }

    @Override
    public DataAndUrl get(List<String> urls) {
        for (String url : urls) {
            try {
                byte[] data = get(url);
                if (data != null && data.length > 0) {
                    return new DataAndUrl(url, data);
                }
            } catch (DSSException e) {
                // try the next address
            }
        }
        throw new DSSException("None of " + urls + " answered");
    }

    @Override
    public byte[] post(String url, byte[] content) {
        return delegate.post(local(url), content);
    }

    @Override
    public void setContentType(String contentType) {
        delegate.setContentType(contentType);
    }
}
