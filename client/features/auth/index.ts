export { LoginForm } from './LoginForm';
export { RegisterForm } from './RegisterForm';
export type { RegisterInput } from './schemas';
export { ResetConfirmForm, ResetRequestForm } from './PasswordReset';
