package dev.parley.node.files;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Files in a bucket of an S3-compatible object store (AWS S3, MinIO, Ceph, ...), so that every node
 * of a cluster reaches every file. Checksums are sent and checked only where the S3 API requires
 * them: stores other than AWS do not all know the SDK's newer checksum headers.
 */
public final class S3FileStore implements FileStore, AutoCloseable {
  private static final int NOT_FOUND = 404;

  private final S3Client s3;
  private final String bucket;
  private final String description;

  public S3FileStore(FileSettings.S3 settings) {
    S3ClientBuilder builder =
        S3Client.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .region(Region.of(settings.region()))
            .credentialsProvider(credentials(settings))
            .forcePathStyle(settings.pathStyle())
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    if (!settings.endpoint().isEmpty()) {
      builder.endpointOverride(URI.create(settings.endpoint()));
    }
    this.s3 = builder.build();
    this.bucket = settings.bucket();
    this.description =
        "S3 bucket " + bucket + (settings.endpoint().isEmpty() ? " in " + settings.region() : " at " + settings.endpoint());
  }

  private static AwsCredentialsProvider credentials(FileSettings.S3 settings) {
    if (settings.accessKey().isEmpty()) {
      return DefaultCredentialsProvider.builder().build();
    }
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()));
  }

  @Override
  public void put(String key, Path staged) throws IOException {
    try {
      s3.putObject(request -> request.bucket(bucket).key(key), RequestBody.fromFile(staged));
    } catch (SdkException e) {
      throw new IOException("S3 put of " + key + " failed: " + e.getMessage(), e);
    } finally {
      Files.deleteIfExists(staged);
    }
  }

  @Override
  public InputStream open(String key) throws IOException {
    try {
      return s3.getObject(request -> request.bucket(bucket).key(key));
    } catch (NoSuchKeyException e) {
      throw new NoSuchFileException(key);
    } catch (SdkException e) {
      throw new IOException("S3 get of " + key + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void delete(String key) throws IOException {
    try {
      s3.deleteObject(request -> request.bucket(bucket).key(key));
    } catch (SdkException e) {
      throw new IOException("S3 delete of " + key + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean exists(String key) throws IOException {
    try {
      s3.headObject(request -> request.bucket(bucket).key(key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == NOT_FOUND) {
        return false;
      }
      throw new IOException("S3 head of " + key + " failed: " + e.getMessage(), e);
    } catch (SdkException e) {
      throw new IOException("S3 head of " + key + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public void close() {
    s3.close();
  }
}
