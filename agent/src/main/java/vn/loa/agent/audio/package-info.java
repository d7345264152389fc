/**
 * The playback engine: a chain of narrow stages the audio thread pulls through.
 *
 * <pre>
 *  ByteSource (fetch thread)        FileSource, HttpStreamSource (ICY, failover), FfmpegSource, FallbackSource
 *    → ByteRing                     bounded compressed buffer (target 3 s, max 60 s), one segment per connection
 *    → PcmDecoder (decode thread)   Mp3Decoder (JLayer), OggOpusDecoder (Concentus), WavDecoder
 *    → Resampler                    to the output format, ±500 ppm drift correction for live streams
 *    → PcmRing                      1 s of PCM, never waited on by the reader
 *    → Track.read (audio thread)    underrun fade-out, rebuffer, fade-in; counted
 *    → Mixer                        fades, volume/emergency minimum, ducking, limiter
 *    → AudioSink                    JavaSoundSink (named device) or WavCaptureSink
 * </pre>
 *
 * {@link vn.loa.agent.audio.AudioEngine} ties them together and is the {@link vn.loa.agent.audio.Player} the
 * {@link vn.loa.agent.broadcast.Arbiter} drives; {@link vn.loa.agent.audio.AudioEngine#tick()} is the 20 ms
 * tick, called by the real-time thread {@code loa-audio} or by a test.
 */
package vn.loa.agent.audio;
