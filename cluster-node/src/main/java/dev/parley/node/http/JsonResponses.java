package dev.parley.node.http;

import dev.parley.node.Rejections;
import dev.parley.node.auth.TooManyAttempts;
import dev.parley.protocol.ErrorBody;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.WireCodec;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;

/**
 * The HTTP API's responses: bodies in the wire codec's JSON, and every failure as the contract's
 * {@code {"code","message"}} with the status its code maps to, so all endpoints fail alike.
 */
public final class JsonResponses {
  private final WireCodec codec;
  private final long maxBodyBytes;

  public JsonResponses(WireCodec codec) {
    this.codec = codec;
    this.maxBodyBytes = codec.limits().maxFrameBytes();
  }

  /** The largest request body accepted: the same as one WebSocket frame. */
  public long maxBodyBytes() {
    return maxBodyBytes;
  }

  public HttpResponse json(StatusCode status, Object body) {
    return HttpResponse.create().withStatus(status).withEntity(ContentTypes.APPLICATION_JSON, codec.encode(body));
  }

  public HttpResponse error(ProtocolException error) {
    return json(StatusCodes.get(error.code().httpStatus()), new ErrorBody(error.code(), error.getMessage()));
  }

  /**
   * Any failure of a request; a body cut off by the size limit is {@code too_large}, a login
   * refused by its throttle {@code rate_limited}.
   */
  public HttpResponse failure(Throwable failure) {
    Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
    if (cause instanceof TooManyAttempts refused) {
      return rateLimited(refused.getMessage(), refused.retryAfterSeconds());
    }
    return error(
        cause instanceof EntityStreamSizeException
            ? new ProtocolException(ErrorCode.TOO_LARGE, "the body is larger than " + maxBodyBytes + " bytes")
            : Rejections.toProtocol(failure));
  }

  public HttpResponse rateLimited(String message, long retryAfterSeconds) {
    return error(new ProtocolException(ErrorCode.RATE_LIMITED, message)).addHeader(RetryAfter.create(retryAfterSeconds));
  }
}
