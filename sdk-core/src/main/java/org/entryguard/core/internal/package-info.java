/**
 * Implementation details of the SDK: ONNX sessions, tensor layout, pre- and post-processing. Not API:
 * anything here may change in any release.
 */
package org.entryguard.core.internal;
