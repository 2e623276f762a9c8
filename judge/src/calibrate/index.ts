export {
  type Concurrency,
  calibrate,
  coreCount,
  currentCalibration,
  defaultCalibrationFile,
  type MachineCalibration,
  MachineCalibrationSchema,
  machineFingerprint,
  measureConcurrency,
  measureSpeed,
  publicCalibration,
  readCalibration,
  writeCalibration,
} from './calibrate.js';
export {
  primesUpTo,
  REFERENCE_MACHINE,
  REFERENCE_PROGRAMS,
  REFERENCE_VERSION,
  type ReferenceProgram,
} from './reference.js';
