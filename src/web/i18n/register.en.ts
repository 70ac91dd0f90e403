import type { registerUi as zhRegisterUi } from './register.zh-CN.ts'

/** English strings of register.zh-CN.ts: the same keys. */
export const registerUi: typeof zhRegisterUi = {
  'reg.scan.hint': 'Scan your health code with the camera, or choose a screenshot of it',
  'reg.scan.camera': 'Scan health code',
  'reg.scan.picture': 'Choose a screenshot',
  'reg.scan.reading': 'Reading the picture…',
  'reg.scan.paste': 'Cannot scan? Paste the code text',
  'reg.scan.pastePlaceholder': 'Paste the health code (starts GL1:, HC1: or shc:/)',
  'reg.scan.usePaste': 'Use this code',
  'reg.scan.none': 'I am new here and have no health code yet',
  'reg.scan.read': 'Health code read',
  'reg.scan.formatLocal': 'Local health code · checked when you submit',
  'reg.scan.again': 'Scan again',
  'reg.scan.notFound': 'No QR code found in the picture: choose a sharp screenshot of the whole code',
  'reg.scan.notHealth': 'This QR code is not a health code (a house code or another QR?)',
  'reg.scan.pictureFailed': 'This picture could not be read: choose another',
  'reg.scan.cameraHint': 'Hold the health code inside the frame',
  'reg.scan.cameraStop': 'Stop camera',
  'reg.scan.cameraDenied': 'Camera permission denied: choose a screenshot instead',
  'reg.scan.cameraUnavailable': 'No camera available: choose a screenshot instead',
  'reg.scan.newArrival':
    'New arrivals register without a health code. Once your phone is confirmed you are listed as “to check”, and a grid worker will contact you; when the health office gives you a colour, your health code appears on the “My codes” page.',
  'reg.scan.haveCode': 'I have a health code',
  'reg.doneNewArrival':
    'You are registered as a new arrival (to check). A grid worker will contact you; once the health office gives you a colour, your health code is on the “My codes” page.',
  'housing.reg.noHealthCode': 'New · no code',
  'arrival.tab': 'New arrivals',
  'arrival.hint':
    'People who registered themselves from a house code and have no health code here yet. Check who they are in person or by phone, then mark them checked; their health code works once the health office gives them a colour.',
  'arrival.pending': 'To check',
  'arrival.verify': 'Checked',
  'arrival.verified': 'Checked: {name}',
  'arrival.noColour': 'No colour yet',
  'arrival.otherCode': 'Other region',
  'arrival.since': 'Registered',
  'arrival.address': 'Rental address',
  'arrival.landlord': 'Landlord',
  'arrival.none': 'No new arrivals to check',
  'arrival.colour.green': 'Green',
  'arrival.colour.yellow': 'Yellow',
  'arrival.colour.red': 'Red',
}
