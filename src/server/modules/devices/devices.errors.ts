import { DomainError } from '../../errors.ts'

export class DeviceSerialTakenError extends DomainError {
  constructor() {
    super('DEVICE_SERIAL_TAKEN', 409, 'a device with this serial is registered', [{ field: 'serial', code: 'DEVICE_SERIAL_TAKEN' }])
  }
}

export class DeviceKindMismatchError extends DomainError {
  constructor() {
    super('DEVICE_KIND_MISMATCH', 422, 'this kind of device cannot be used here', [{ field: 'serial', code: 'DEVICE_KIND_MISMATCH' }])
  }
}

export class DeviceAlreadyBoundError extends DomainError {
  constructor() {
    super('DEVICE_ALREADY_BOUND', 409, 'the device is bound to another isolation order', [
      { field: 'serial', code: 'DEVICE_ALREADY_BOUND' },
    ])
  }
}
