package dev.moeserve.infrastructure.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The Ed25519 key that signs ledger exports. Generated on first use and kept under the state folder:
 * {@code audit-signing-key} (private, PKCS#8, owner-only) and {@code audit-signing-key.pub} (X.509), both
 * base64 text, so an auditor can be handed the public half.
 */
public final class AuditSigningKey {
    private static final String ALGORITHM = "Ed25519";

    private AuditSigningKey() {
    }

    public static Path privateKeyFile(Path home) {
        return home.resolve("audit-signing-key");
    }

    public static Path publicKeyFile(Path home) {
        return home.resolve("audit-signing-key.pub");
    }

    /** The install's key pair, created now if it does not exist yet. */
    public static synchronized KeyPair loadOrCreate(Path home) {
        try {
            if (!Files.exists(privateKeyFile(home))) {
                KeyPair pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
                Files.createDirectories(home);
                Files.writeString(privateKeyFile(home), Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()) + "\n");
                try {
                    Files.setPosixFilePermissions(privateKeyFile(home), PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system
                }
                Files.writeString(publicKeyFile(home), Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()) + "\n");
                return pair;
            }
            KeyFactory keys = KeyFactory.getInstance(ALGORITHM);
            PrivateKey privateKey = keys.generatePrivate(new PKCS8EncodedKeySpec(decode(privateKeyFile(home))));
            return new KeyPair(readPublicKey(publicKeyFile(home)), privateKey);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read or write the audit signing key under " + home, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the audit signing key under " + home + " is not a valid Ed25519 key", e);
        }
    }

    public static PublicKey readPublicKey(Path file) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(decode(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the public key " + file, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(file + " is not an Ed25519 public key", e);
        }
    }

    /** A detached signature of {@code data}, base64. */
    public static String sign(PrivateKey key, byte[] data) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(key);
            signature.update(data);
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not sign", e);
        }
    }

    public static boolean verify(PublicKey key, byte[] data, String base64Signature) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initVerify(key);
            signature.update(data);
            return signature.verify(Base64.getDecoder().decode(base64Signature.strip()));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return false;
        }
    }

    private static byte[] decode(Path file) throws IOException {
        return Base64.getDecoder().decode(Files.readString(file).strip());
    }
}
