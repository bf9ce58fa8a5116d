// SPDX-License-Identifier: GPL-2.0
/*
 * kvm_vm_holder COMMAND...: creates a KVM VM (KVM_CREATE_VM on /dev/kvm),
 * runs COMMAND while the VM exists, then closes it, and exits with
 * COMMAND's status (125 if the VM could not be made or COMMAND not run).
 *
 * With kvm's enable_virt_at_load=0, KVM takes its virtualization
 * references only for the first VM (kvm_create_vm() calls
 * kvm_enable_virtualization(), virt/kvm/kvm_main.c; on 7.1+ each CPU's
 * reference is x86_virt_get_ref()), and drops them with the last one:
 * kernel_virt.sh observes both through COMMAND.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#define HOLDER_FAILED 125

int main(int argc, char **argv)
{
	int kvm, vm, status;
	pid_t child;

	if (argc < 2) {
		fprintf(stderr, "usage: %s COMMAND [ARG...]\n", argv[0]);
		return HOLDER_FAILED;
	}
	kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm < 0) {
		fprintf(stderr, "kvm_vm_holder: /dev/kvm: %s\n", strerror(errno));
		return HOLDER_FAILED;
	}
	vm = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm < 0) {
		fprintf(stderr, "kvm_vm_holder: KVM_CREATE_VM: %s\n", strerror(errno));
		return HOLDER_FAILED;
	}
	/* The VM must outlive COMMAND, and COMMAND must not inherit it. */
	if (fcntl(vm, F_SETFD, FD_CLOEXEC)) {
		fprintf(stderr, "kvm_vm_holder: F_SETFD: %s\n", strerror(errno));
		return HOLDER_FAILED;
	}
	fflush(NULL);
	child = fork();
	if (child < 0) {
		fprintf(stderr, "kvm_vm_holder: fork: %s\n", strerror(errno));
		return HOLDER_FAILED;
	}
	if (!child) {
		execvp(argv[1], argv + 1);
		fprintf(stderr, "kvm_vm_holder: %s: %s\n", argv[1], strerror(errno));
		_exit(HOLDER_FAILED);
	}
	if (waitpid(child, &status, 0) != child) {
		fprintf(stderr, "kvm_vm_holder: waitpid: %s\n", strerror(errno));
		return HOLDER_FAILED;
	}
	close(vm);
	close(kvm);
	return WIFEXITED(status) ? WEXITSTATUS(status) : HOLDER_FAILED;
}
