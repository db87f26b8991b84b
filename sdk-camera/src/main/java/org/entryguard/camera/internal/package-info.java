/**
 * Implementation of the camera module: the JavaCV decode loop, frame pooling, pacing, failure diagnosis.
 * Not a public API: types here may change without notice.
 */
package org.entryguard.camera.internal;
